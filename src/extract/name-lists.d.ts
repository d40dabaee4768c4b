/** The name lists of gender-detection-from-name: each a Map from a lower-case given name to its usual gender. */
declare module 'gender-detection-from-name/names/*.js' {
  const names: Map<string, string>;
  export default names;
}
