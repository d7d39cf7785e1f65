export * from "./contact.js";
export { CONTACT_KEYS, fullContactAsr } from "./law.js";
