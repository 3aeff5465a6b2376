/** Health-factor buckets for "positions at risk" (upper bounds; a position falls in the first it is below). */
export const HEALTH_BUCKETS = [1.0, 1.05, 1.1, 1.25] as const;
export const HEALTH_BUCKET_LABELS = ["hf<1.00", "hf<1.05", "hf<1.10", "hf<1.25"] as const;
