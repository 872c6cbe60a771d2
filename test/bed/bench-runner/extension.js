// Baseline for the activation benchmark: what VS Code charges for activating an extension that does nothing.
exports.activate = function activate() {};
