using Microsoft.AspNetCore.Http.Metadata;

namespace AgentOps.Host.Server.Security;

/// <summary>Endpoint metadata raising (or lowering) the body size limit of one endpoint, e.g. the GitHub webhook's 25 MB.</summary>
/// <param name="MaxRequestBodySize">The largest body accepted, in bytes.</param>
public sealed record RequestSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
