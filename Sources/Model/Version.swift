/// The version of TwinReach: what `twinreach --version` prints and `summary.json` records as
/// `twinreach_version`, so that a run's outputs say which release wrote them. One constant:
/// change it here when releasing.
public enum TwinReachVersion {
    public static let current = "0.20.0"
}
