import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens stats`.
const command: Command = {
  usage: "ratelens stats",
  run() {
    return Promise.reject(new UsageError("ratelens stats is not built yet"));
  },
};
export default command;
