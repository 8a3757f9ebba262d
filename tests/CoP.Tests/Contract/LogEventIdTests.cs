using System.Reflection;
using System.Text.RegularExpressions;
using CoP.TestSupport;
using Microsoft.Extensions.Logging;

namespace CoP.Tests.Contract;

/// <summary>
/// Operators find a log line by its event id (the troubleshooting guide names them): every [LoggerMessage] of the app
/// has one, no two share it, and infra/README.md lists each.
/// </summary>
public sealed partial class LogEventIdTests
{
    [Fact]
    public void EveryLogMessageHasAnEventIdOfItsOwn()
    {
        var messages = LogMessages().ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.True(m.EventId > 0, $"{m.Name} has no EventId."));
        var shared = messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Name))}");
        Assert.Empty(shared);
    }

    [Fact]
    public void EveryEventIdIsListedInTheOperationsGuide()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "infra", "README.md"));
        var listed = ListedId().Matches(guide).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

        var ids = LogMessages().Select(m => m.EventId).ToHashSet();

        Assert.Empty(ids.Except(listed).Order());
        Assert.Empty(listed.Except(ids).Order());
    }

    private static IEnumerable<(string Name, int EventId)> LogMessages() =>
        new[] { typeof(CoP.Shared.Storage.StorageOptions).Assembly, typeof(CoP.Functions.Http.HttpExceptionMiddleware).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => ($"{x.Method.DeclaringType!.Name}.{x.Method.Name}", x.Attribute!.EventId));

    /// <summary>A row of the event-id table: the id in the first cell.</summary>
    [GeneratedRegex(@"^\| (\d{4,5}) \|", RegexOptions.Multiline)]
    private static partial Regex ListedId();
}
