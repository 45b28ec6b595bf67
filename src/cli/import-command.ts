import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens import`.
const command: Command = {
  usage: "ratelens import",
  run() {
    return Promise.reject(new UsageError("ratelens import is not built yet"));
  },
};
export default command;
