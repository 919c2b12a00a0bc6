using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AgentOps.Host.Server.Security;

/// <summary>
/// Answers 413 with problem details, before the body is read, when <c>Content-Length</c> exceeds the endpoint's limit
/// (Kestrel's <see cref="ServerOptions.MaxRequestBodyBytes"/>, or <see cref="RequestSizeLimit"/> metadata); and turns
/// Kestrel's own <see cref="BadHttpRequestException"/> (a chunked body that grows too large, a malformed request)
/// into problem details instead of a bare status.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    /// <summary>Runs the check, then the rest of the pipeline.</summary>
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is { } max && http.Request.ContentLength > max)
        {
            await WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "payload too large", $"The request body is larger than {max} bytes.").ConfigureAwait(false);
            return;
        }

        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            var title = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "payload too large" : "bad request";
            await WriteAsync(http, ex.StatusCode, title, ex.Message).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = status, Title = title, Detail = detail } }).ConfigureAwait(false);
    }
}
