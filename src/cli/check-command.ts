import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens check`.
const command: Command = {
  usage: "ratelens check",
  run() {
    return Promise.reject(new UsageError("ratelens check is not built yet"));
  },
};
export default command;
