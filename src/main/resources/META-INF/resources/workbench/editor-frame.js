// Runs in the editor's frame before the editor. The editor writes a console.debug line for every element of the
// model it reads (its id randomizer, on every open): thousands of lines nobody reads, which cost seconds of the
// open when the browser records them (developer tools, automated browsers). Debug lines of this frame are dropped.
"use strict";
console.debug = () => {};
