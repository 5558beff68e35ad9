/** Worker entry for {@link runGrowthSweep}: runs growth jobs (see `lib/train/worker_pool.ts`). @module */
import { serveJobs } from "../../train/worker_pool.ts";
import { runGrowthJob } from "./job.ts";

serveJobs(runGrowthJob);
