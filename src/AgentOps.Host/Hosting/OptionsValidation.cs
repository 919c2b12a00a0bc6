using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Hosting;

/// <summary>
/// Validates every options class registered in the container at start, so a bad value ends the program with a
/// message naming the key (e.g. <c>Storage:Provider</c>) instead of failing later with a stack trace.
/// </summary>
public static partial class OptionsValidation
{
    /// <summary>Resolves every registered options class, running its validators.</summary>
    /// <exception cref="ConfigurationException">A value is invalid or cannot be converted; the message names the key.</exception>
    public static void ValidateAll(IServiceProvider services, IEnumerable<ServiceDescriptor> registrations)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var optionTypes = registrations
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(IConfigureOptions<>) || t.GetGenericTypeDefinition() == typeof(IValidateOptions<>)))
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => t.Assembly.GetName().Name?.StartsWith("AgentOps", StringComparison.OrdinalIgnoreCase) == true)
            .Distinct();
        foreach (var type in optionTypes)
        {
            var section = type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string
                ?? type.Name.Replace("Options", string.Empty, StringComparison.Ordinal);
            try
            {
                var options = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
                _ = options.GetType().GetProperty("Value")!.GetValue(options);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is OptionsValidationException && !configuration.GetSection(section).Exists())
            {
                // An optional integration (GitHub, IMAP, SMTP...) whose section is absent is simply not configured.
            }
            catch (TargetInvocationException ex) when (ex.InnerException is OptionsValidationException validation)
            {
                throw new ConfigurationException(Describe(section, validation), validation);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException conversion)
            {
                throw new ConfigurationException($"Configuration error: {conversion.Message}", conversion);
            }
        }
    }

    private static string Describe(string section, OptionsValidationException ex)
    {
        var messages = ex.Failures.Select(failure =>
        {
            var match = DataAnnotationFailure().Match(failure);
            return match.Success ? $"{section}:{match.Groups["member"].Value}: {match.Groups["error"].Value}" : $"{section}: {failure}";
        });
        return "Configuration error: " + string.Join("; ", messages);
    }

    [GeneratedRegex("members: '(?<member>[^']+)' with the error: '(?<error>.*)'\\.?$")]
    private static partial Regex DataAnnotationFailure();
}
