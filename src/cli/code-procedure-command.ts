import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens code-procedure`.
const command: Command = {
  usage: "ratelens code-procedure",
  run() {
    return Promise.reject(new UsageError("ratelens code-procedure is not built yet"));
  },
};
export default command;
