// File names from user-given names (topologies like "cluster+l1", metrics like "p99.9"): letters,
// digits, '.', '_' and '-' are kept, any other run of characters becomes '_'; never empty, never
// starting with a dot.
export function safeFileName(name) {
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
    return safe === '' ? '_' : safe;
}
/** Safe names for a list of names, made distinct by a numeric suffix where two would collide. */
export function distinctFileNames(names) {
    const used = new Set();
    return names.map((name) => {
        const base = safeFileName(name);
        let candidate = base;
        for (let i = 2; used.has(candidate); i++)
            candidate = `${base}-${i}`;
        used.add(candidate);
        return candidate;
    });
}
//# sourceMappingURL=file-name.js.map