// The benchmarks' settings: a number from BENCH_* in the environment, or its default.
export const envNumber = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);
