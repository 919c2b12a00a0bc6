using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tools;

/// <summary>Validates the nested tool sections of <see cref="ToolsOptions"/> (DataAnnotations of each tool), which the binder alone does not.</summary>
public sealed class ToolsOptionsValidator : IValidateOptions<ToolsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ToolsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (section, value) in new (string, object)[] { ("Postgres", options.Postgres), ("Redis", options.Redis), ("Prometheus", options.Prometheus), ("Http", options.Http), ("Logs", options.Logs) })
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"Tools:{section}: {r.ErrorMessage}"));
            }
        }

        failures.AddRange(Logs.LogSourceSelector.Validate(options.Logs).Select(f => $"Tools:Logs:{f}"));
        failures.AddRange(options.Http.Targets.Where(t => t.Url is null || string.IsNullOrWhiteSpace(t.Name)).Select(t => $"Tools:Http:Targets: each target needs a Name and a Url ('{t.Name}')."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
