/// The version of this TwinReach, written where outputs must say which tool made them (the
/// batch tables; `batch merge` refuses shards of different versions).
public enum ToolVersion {
    public static let current = "0.13.0"
}
