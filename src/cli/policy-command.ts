import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens policy`.
const command: Command = {
  usage: "ratelens policy",
  run() {
    return Promise.reject(new UsageError("ratelens policy is not built yet"));
  },
};
export default command;
