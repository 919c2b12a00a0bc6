namespace AgentOps.Host.Hosting;

/// <summary>A configuration value is invalid; the message names the key. The program ends with exit code 2.</summary>
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
