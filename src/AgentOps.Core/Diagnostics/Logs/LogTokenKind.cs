namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>What <see cref="LogTokenClassifier"/> recognised in one token. Everything but <see cref="Word"/> is a
/// variable and is masked as <c>&lt;*&gt;</c> in templates.</summary>
public enum LogTokenKind
{
    /// <summary>A constant word: no digit, not a path or URL.</summary>
    Word = 0,
    /// <summary>Integer or decimal, optionally signed (<c>42</c>, <c>-3.5</c>).</summary>
    Number,
    /// <summary><c>0x1f</c>, or eight or more hexadecimal characters with a digit (<c>deadbeef01</c>).</summary>
    Hex,
    /// <summary>IPv4 address with an optional port (<c>10.0.0.1:8080</c>) or an IPv6 address.</summary>
    Ip,
    /// <summary>8-4-4-4-12 hexadecimal UUID.</summary>
    Uuid,
    /// <summary>Absolute or home-relative file path (<c>/var/log/x</c>, <c>~/a/b</c>, <c>C:\x</c>).</summary>
    Path,
    /// <summary>Anything with a scheme (<c>http://</c>, <c>hdfs://</c>).</summary>
    Url,
    /// <summary>Digits with time or date separators only (<c>12:30:01</c>, <c>2024-01-02</c>), or a month or day
    /// abbreviation (<c>Jun</c>, <c>Fri</c>).</summary>
    Timestamp,
    /// <summary>A word, an underscore and a number (<c>blk_-1608999687919862906</c>, <c>job_42</c>).</summary>
    BlockId,
    /// <summary><c>key=value</c>, or <c>key:value</c> with a lower-case key and a digit in the value; only the value is
    /// masked, and only when it is itself variable (<c>uid=0</c>, not <c>user=root</c>).</summary>
    KeyValue,
    /// <summary>Dotted name of two dots or more: host names, Java classes (<c>db1.prod.example.com</c>,
    /// <c>org.acme.billing.Invoice</c>).</summary>
    QualifiedName,
    /// <summary>Any other token holding a digit (<c>R02-M1-N0</c>, <c>core.2275</c>); only its digit runs are masked.</summary>
    Alphanumeric,
}
