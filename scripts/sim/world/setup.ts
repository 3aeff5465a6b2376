/** The world's two setup phases, as a sweep worker wraps them (deploy, then open the population on the clock). */
export { buildWorld } from "./build";
export { startClock } from "./clock";
