using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Core.Tests.Diagnostics.Logs;

public class ErrorSpikeDetectorTests
{
    private static readonly DateTimeOffset Start = new(2024, 3, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Spikes_OneBusyWindow_ReportsItWithTopTemplate()
    {
        // Arrange
        var detector = new ErrorSpikeDetector(new ErrorSpikeOptions { Window = TimeSpan.FromMinutes(1), Factor = 3, MinErrors = 5 });
        for (var minute = 0; minute < 10; minute++)
        {
            detector.Add(Header(minute, 0, LogSeverity.Error), 1);
            detector.Add(Header(minute, 30, LogSeverity.Info), 2);
        }

        for (var second = 0; second < 12; second++)
        {
            detector.Add(Header(6, second, LogSeverity.Error), 3);
        }

        // Act
        var spikes = detector.Spikes();

        // Assert
        var spike = Assert.Single(spikes);
        Assert.Equal(Start.AddMinutes(6), spike.Start);
        Assert.Equal(13, spike.Errors);
        Assert.Equal(14, spike.Lines);
        Assert.Equal(1, spike.Baseline);
        Assert.Equal(3, spike.TopTemplateId);
    }

    [Fact]
    public void Spikes_SteadyErrors_ReportsNothing()
    {
        // Arrange
        var detector = new ErrorSpikeDetector();
        for (var minute = 0; minute < 30; minute++)
        {
            for (var i = 0; i < 6; i++)
            {
                detector.Add(Header(minute, i, LogSeverity.Error));
            }
        }

        // Act
        var spikes = detector.Spikes();

        // Assert
        Assert.Empty(spikes);
        Assert.Equal(6, detector.Baseline());
    }

    [Fact]
    public void Baseline_EmptyWindowsBetweenLines_CountAsZero()
    {
        // Arrange
        var detector = new ErrorSpikeDetector(new ErrorSpikeOptions { MinErrors = 1 });
        detector.Add(Header(0, 0, LogSeverity.Error));
        detector.Add(Header(10, 0, LogSeverity.Error));

        // Act
        var baseline = detector.Baseline();
        var spikes = detector.Spikes();

        // Assert
        Assert.Equal(0, baseline);
        Assert.Equal(2, spikes.Count);
    }

    [Fact]
    public void Spikes_MapsGroupsToTemplates()
    {
        // Arrange
        var detector = new ErrorSpikeDetector(new ErrorSpikeOptions { MinErrors = 2 });
        detector.Add(Header(0, 1, LogSeverity.Fatal), 10);
        detector.Add(Header(0, 2, LogSeverity.Error), 11);
        detector.Add(Header(0, 3, LogSeverity.Error), 12);
        for (var minute = 1; minute < 5; minute++)
        {
            detector.Add(Header(minute, 0, LogSeverity.Info), 1);
        }

        // Act
        var spike = Assert.Single(detector.Spikes(group => group == 12 ? 5 : 7));

        // Assert
        Assert.Equal(7, spike.TopTemplateId);
    }

    [Fact]
    public void Add_LineWithoutTimestamp_IsIgnored()
    {
        // Arrange
        var detector = new ErrorSpikeDetector(new ErrorSpikeOptions { MinErrors = 1 });

        // Act
        detector.Add(new LogLineHeader(null, LogSeverity.Error, 0));

        // Assert
        Assert.Empty(detector.Spikes());
        Assert.Equal(0, detector.Baseline());
    }

    private static LogLineHeader Header(int minute, int second, LogSeverity severity) =>
        new(Start.AddMinutes(minute).AddSeconds(second), severity, 0);
}
