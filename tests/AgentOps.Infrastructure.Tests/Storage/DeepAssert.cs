using System.Collections;
using System.Reflection;

namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>Compares object graphs property by property, so a field the store forgets is reported by its path.</summary>
internal static class DeepAssert
{
    public static void Equal(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        switch (expected)
        {
            case DateTimeOffset time:
                Assert.True(time.EqualsExact((DateTimeOffset)actual), $"{path}: expected {time:O}, got {actual:O}");
                return;
            case string or ValueType:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
            case IDictionary dictionary:
                var other = (IDictionary)actual;
                Assert.True(dictionary.Count == other.Count, $"{path}: expected {dictionary.Count} entries, got {other.Count}");
                foreach (DictionaryEntry entry in dictionary)
                {
                    Equal(entry.Value, other[entry.Key], $"{path}[{entry.Key}]");
                }

                return;
            case IEnumerable items:
                var left = items.Cast<object?>().ToList();
                var right = ((IEnumerable)actual).Cast<object?>().ToList();
                Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} items, got {right.Count}");
                for (var i = 0; i < left.Count; i++)
                {
                    Equal(left[i], right[i], $"{path}[{i}]");
                }

                return;
        }

        Assert.Equal(expected.GetType(), actual.GetType());
        foreach (var property in Properties(expected.GetType()))
        {
            Equal(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }

    /// <summary>Fails when any property in the graph is null, zero, the first enum value or an empty collection.</summary>
    public static void FullyPopulated(object? value, string path = "$")
    {
        Assert.True(value is not null, $"{path} is null");
        switch (value)
        {
            case string text:
                Assert.False(string.IsNullOrEmpty(text), $"{path} is empty");
                return;
            case ValueType:
                Assert.False(value.Equals(Activator.CreateInstance(value.GetType())), $"{path} has its default value {value}");
                return;
            case IEnumerable items:
                var list = items.Cast<object?>().ToList();
                Assert.True(list.Count > 0, $"{path} is empty");
                for (var i = 0; i < list.Count; i++)
                {
                    FullyPopulated(list[i], $"{path}[{i}]");
                }

                return;
        }

        foreach (var property in Properties(value.GetType()))
        {
            FullyPopulated(property.GetValue(value), $"{path}.{property.Name}");
        }
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0);
}
