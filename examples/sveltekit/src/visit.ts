export interface Visit {
  visits: number;
  user?: string;
}
