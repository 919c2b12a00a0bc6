using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentOps.Core.Communication;

/// <summary>JSON settings shared by outbox payloads.</summary>
internal static class PayloadJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
