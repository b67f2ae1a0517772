/// The two SQL engines Himaya runs on, from one code path.
public enum DatabaseEngine: String, Sendable {
    /// The embedded default: one file, one writer, nothing to install.
    case sqlite
    /// For more than one machine: any number of processes share it.
    case postgres
}
