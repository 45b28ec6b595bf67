import type { Command } from "./command.js";
import { UsageError } from "../errors.js";

// Placeholder: replaced by the module that implements `ratelens medicare`.
const command: Command = {
  usage: "ratelens medicare",
  run() {
    return Promise.reject(new UsageError("ratelens medicare is not built yet"));
  },
};
export default command;
