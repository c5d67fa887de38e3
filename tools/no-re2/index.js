// See package.json: re2 is deliberately absent; callers (superstatic) catch this and fall back.
throw new Error("re2 is not installed in this project (tools/no-re2)");
