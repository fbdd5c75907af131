/** The two sessions every subject saves and loads: a typical small one and a large one. */
export const small = {
  userId: 48213,
  csrfToken: 'q8Zx3kV0pL2mN7rT9sW1yB4cF6hJ5gD0aE2uI8oK3nM',
  roles: ['customer', 'beta-tester'],
  flags: { darkMode: true, newCheckout: false, emailVerified: true },
  locale: 'en-GB',
  lastSeen: 1732550400,
};

export const large = {
  ...small,
  cart: Array.from({ length: 24 }, (_, i) => ({
    sku: `SKU-${String(1000 + i * 37)}`,
    qty: (i % 3) + 1,
    price: 4.99 + i * 2.5,
    title: `Item number ${i} in the cart`,
  })),
  preferences: {
    currency: 'EUR',
    newsletter: true,
    sizes: { shoes: 42, shirt: 'M' },
    recentlyViewed: Array.from({ length: 12 }, (_, i) => `PRD-${8000 + i * 13}`),
  },
};

export const sizes = { small: JSON.stringify(small).length, large: JSON.stringify(large).length };
