import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens ingest`.
const command: Command = {
  usage: "ratelens ingest",
  run() {
    return Promise.reject(new UsageError("ratelens ingest is not built yet"));
  },
};
export default command;
