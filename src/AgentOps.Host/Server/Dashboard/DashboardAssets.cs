using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>The stylesheet and script of the dashboard, embedded in the executable (nothing is fetched from elsewhere).</summary>
public static class DashboardAssets
{
    private static readonly Dictionary<string, (byte[] Content, string ContentType, string ETag)> Files = Load();

    /// <summary>Serves <paramref name="name"/> (<c>dashboard.css</c> or <c>dashboard.js</c>), 304 when unchanged, 404 for anything else.</summary>
    public static IResult Serve(string name, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!Files.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = file.ETag;
        return http.Request.Headers.IfNoneMatch == file.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(file.Content, file.ContentType);
    }

    private static Dictionary<string, (byte[], string, string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("dashboard.css", "text/css; charset=utf-8"), ("dashboard.js", "text/javascript; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream($"AgentOps.Dashboard.{name}")
                ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded in {assembly.GetName().Name}.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            files[name] = (content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }

        return files;
    }
}
