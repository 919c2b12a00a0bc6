namespace AgentOps.Benchmarks.LogHub;

/// <summary>Grouping accuracy on the LogHub 2k samples as published by the parsers' authors.</summary>
/// <remarks>Drain: Zhu et al., ICSE 2019, "Tools and Benchmarks for Automated Log Parsing", as listed in
/// logpai/logparser (logparser/Drain/README.md). Brain: Yu et al., IEEE TSC 2023, as listed in
/// logpai/logparser (logparser/Brain/README.md); Brain's parameters are set per data set there.</remarks>
internal static class PublishedFigures
{
    public static readonly IReadOnlyDictionary<string, (double Drain, double Brain)> BySystem =
        new Dictionary<string, (double Drain, double Brain)>(StringComparer.OrdinalIgnoreCase)
        {
            ["HDFS"] = (0.9975, 0.9975),
            ["Hadoop"] = (0.9475, 0.949),
            ["Spark"] = (0.92, 0.9975),
            ["Zookeeper"] = (0.9665, 0.9875),
            ["BGL"] = (0.9625, 0.986),
            ["HPC"] = (0.887, 0.945),
            ["Thunderbird"] = (0.955, 0.971),
            ["Windows"] = (0.997, 0.997),
            ["Linux"] = (0.69, 0.996),
            ["Android"] = (0.911, 0.9605),
            ["HealthApp"] = (0.78, 1.0),
            ["Apache"] = (1.0, 1.0),
            ["Proxifier"] = (0.5265, 1.0),
            ["OpenSSH"] = (0.7875, 1.0),
            ["OpenStack"] = (0.7325, 1.0),
            ["Mac"] = (0.7865, 0.942),
        };
}
