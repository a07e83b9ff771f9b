// File names from names a scenario gives (topologies like "cluster+l1", metrics like "p99.9"):
// letters, digits, '.', '_' and '-' are kept, any other run of characters becomes '_'; never
// empty, never starting with a dot. Two names with the same safe form would write the same files,
// so the scenario schema refuses them.
export function safeFileName(name) {
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
    return safe === '' ? '_' : safe;
}
//# sourceMappingURL=safe-file-name.js.map