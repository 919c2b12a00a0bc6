using System.Text;

namespace AgentOps.Core.PostMortem;

/// <summary>The checklist score of a post-mortem against what seed 001 requires.</summary>
public sealed record PostMortemScore(IReadOnlyList<ScoredSection> Sections)
{
    /// <summary>Sections present and backed by data.</summary>
    public int Passed => Sections.Count(s => s.Passed);

    /// <summary>Sections checked.</summary>
    public int Total => Sections.Count;

    /// <summary>Every section passed.</summary>
    public bool FullMarks => Passed == Total;

    /// <summary>A Markdown checklist of the score.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("Post-mortem checklist: ").Append(Passed).Append('/').Append(Total).AppendLine();
        foreach (var s in Sections)
        {
            sb.Append("- [").Append(s.Passed ? 'x' : ' ').Append("] ").Append(s.Name).Append(" — ").AppendLine(s.Detail);
        }

        return sb.ToString();
    }
}
