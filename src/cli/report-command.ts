import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens report`.
const command: Command = {
  usage: "ratelens report",
  run() {
    return Promise.reject(new UsageError("ratelens report is not built yet"));
  },
};
export default command;
