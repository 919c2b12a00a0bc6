using System.Globalization;

namespace AgentOps.Core.Communication;

/// <summary>Short human durations as the seeds write them: <c>45 min</c>, <c>1h45</c>, <c>4h</c>, <c>2d 3h</c>.</summary>
public static class DurationText
{
    /// <summary>Formats <paramref name="duration"/>; negative durations are written as 0 min.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        var totalMinutes = (long)Math.Round(duration.TotalMinutes, MidpointRounding.AwayFromZero);
        if (totalMinutes < 60)
        {
            return totalMinutes.ToString(CultureInfo.InvariantCulture) + " min";
        }

        var days = totalMinutes / (24 * 60);
        var hours = totalMinutes / 60 % 24;
        var minutes = totalMinutes % 60;
        if (days > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{days}d {hours}h") + (minutes > 0 ? minutes.ToString("00", CultureInfo.InvariantCulture) : string.Empty);
        }

        return minutes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}h")
            : string.Create(CultureInfo.InvariantCulture, $"{hours}h{minutes:00}");
    }
}
