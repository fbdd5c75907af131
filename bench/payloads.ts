/**
 * The sessions every subject saves and loads: a typical small one, and a large one (a 24-item cart with a
 * shipping address) in two spellings of identical structure: `large` with the non-ASCII text real carts
 * carry (accented product names, a person's name, a CJK item), and `largeAscii`, its ASCII-only twin.
 * `largeDjangoText` is `large` as a Django site writes it (Python's json.dumps: ASCII escapes, integral
 * prices spelled `10.0`), the text that takes the store's lossless re-save path.
 */
export const small = {
  userId: 48213,
  csrfToken: 'q8Zx3kV0pL2mN7rT9sW1yB4cF6hJ5gD0aE2uI8oK3nM',
  roles: ['customer', 'beta-tester'],
  flags: { darkMode: true, newCheckout: false, emailVerified: true },
  locale: 'en-GB',
  lastSeen: 1732550400,
};

/** Product names, each with its ASCII spelling: one in three carries non-ASCII text. */
const PRODUCTS: readonly (readonly [string, string])[] = [
  ['Crème brûlée ramekins, set of 4', 'Creme brulee ramekins, set of 4'],
  ['Linen tea towel', 'Linen tea towel'],
  ['Enamel pie dish 24 cm', 'Enamel pie dish 24 cm'],
  ['Café au lait bowl', 'Cafe au lait bowl'],
  ['Beeswax food wraps', 'Beeswax food wraps'],
  ['Cast iron skillet', 'Cast iron skillet'],
  ['抹茶 matcha whisk', 'Matcha whisk'],
  ['Bamboo steamer basket', 'Bamboo steamer basket'],
  ['Olive wood spoon', 'Olive wood spoon'],
  ['Jalapeño hot sauce', 'Jalapeno hot sauce'],
  ['Stoneware butter dish', 'Stoneware butter dish'],
  ['Copper measuring cups', 'Copper measuring cups'],
  ['Smørrebrød board', 'Smorrebrod board'],
  ['Glass storage jar 1 l', 'Glass storage jar 1 l'],
  ['Silicone baking mat', 'Silicone baking mat'],
  ['Crêpe pan 28 cm', 'Crepe pan 28 cm'],
  ['Salad spinner', 'Salad spinner'],
  ['Pepper mill', 'Pepper mill'],
  ['Früchtetee sampler', 'Fruchtetee sampler'],
  ['Dish brush', 'Dish brush'],
  ['Oven gloves', 'Oven gloves'],
  ['Pâtisserie piping set', 'Patisserie piping set'],
  ['Mixing bowl 3 l', 'Mixing bowl 3 l'],
  ['Kitchen scale', 'Kitchen scale'],
];

function cart(ascii: boolean) {
  return {
    ...small,
    cart: PRODUCTS.map(([title, asciiTitle], i) => ({
      sku: `SKU-${String(1000 + i * 37)}`,
      qty: (i % 3) + 1,
      // Every other price is integral: Python writes it as a float (`10.0`), JS as `10`.
      price: i % 2 === 0 ? 10 + i : 4.99 + i,
      title: ascii ? asciiTitle : title,
      gift: i % 5 === 0,
    })),
    shipping: ascii
      ? { name: 'Zoe Lukasiewicz-Muller', street: 'ul. Florianska 12', city: 'Krakow', country: 'PL' }
      : { name: 'Zoë Łukasiewicz-Müller', street: 'ul. Floriańska 12', city: 'Kraków', country: 'PL' },
    preferences: {
      currency: 'EUR',
      newsletter: true,
      sizes: { shoes: 42, shirt: 'M' },
      recentlyViewed: Array.from({ length: 12 }, (_, i) => `PRD-${8000 + i * 13}`),
    },
  };
}

export const large = cart(false);
export const largeAscii = cart(true);

/** Python's json.dumps with Django's separators: non-ASCII as \u escapes, integral floats with `.0`. */
export const largeDjangoText = JSON.stringify(large)
  .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  .replace(/"price":(\d+)(?=[,}])/g, '"price":$1.0');

export const PAYLOADS = { small, large, largeAscii } as const;
export type PayloadName = keyof typeof PAYLOADS;

export const sizes = Object.fromEntries(
  Object.entries(PAYLOADS).map(([name, data]) => [name, Buffer.byteLength(JSON.stringify(data))]),
) as Record<PayloadName, number>;
