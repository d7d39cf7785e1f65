/** The manual press (an operator is the actuator) and the scripted operator of `--answers FILE`. */
export { ManualPress } from "./manual-press.js";
export { AnswersOperator, parseAnswers } from "./answers.js";
