using AgentOps.Core.Triage;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Triage;

/// <summary>Validates <see cref="TriageOptions"/> at start: SLA tables (<see cref="TriageOptions.Validate"/>) and classifier settings.</summary>
public sealed class TriageOptionsValidator : IValidateOptions<TriageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TriageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToList();
        if (options.Classifier is "ml" && string.IsNullOrWhiteSpace(options.ModelPath))
        {
            errors.Add("Triage:ModelPath is required when Triage:Classifier is ml (train one with `agentops triage train`).");
        }

        if (options.LabelMap is not null)
        {
            try
            {
                LabelMap.Parse(options.LabelMap);
            }
            catch (TriageDataException ex)
            {
                errors.Add($"Triage:LabelMap: {ex.Message}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
