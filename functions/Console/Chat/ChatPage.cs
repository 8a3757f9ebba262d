using CoP.Shared.Chat;

namespace CoP.Functions.Console.Chat;

/// <summary>The model of the console's chat page, shared by the page, a refused mapping and the test's answer.</summary>
public static class ChatPage
{
    /// <summary>A refused mapping: the topic, the value typed (bounded) and why.</summary>
    public sealed record Refusal(string TopicSlug, string Channel, string Error);

    /// <summary>What the test message got: Rocket.Chat's status, whether it confirmed, its body's start; or why there was no answer.</summary>
    public sealed record TestAnswer(string Channel, int Status, bool Success, string Body, string NoAnswer);

    public static object Model(
        IReadOnlyList<TopicChannelRow> rows, string defaultChannel, bool hasHook, string mapped, Refusal? refusal, TestAnswer? test, string testError) => new
    {
        HasHook = hasHook,
        DefaultChannel = defaultChannel,
        Topics = rows.Select(row => new
        {
            row.Topic.Slug,
            row.Topic.Name,
            row.Topic.Retired,
            Channel = refusal?.TopicSlug == row.Topic.Slug ? refusal.Channel : row.Channel ?? "",
            Mapped = row.Channel is not null,
            Error = refusal?.TopicSlug == row.Topic.Slug ? refusal.Error : "",
        }).ToArray(),
        HasErrors = refusal is not null,
        Mapped = mapped,
        Tested = test is not null,
        Test = test is null ? null : new { test.Channel, test.Status, test.Success, test.Body, test.NoAnswer, Answered = test.NoAnswer.Length == 0 },
        TestError = testError,
    };

    /// <summary>A typed value shown back in its field: never more than a room name can be.</summary>
    public static string Bounded(string value) => value.Length <= 80 ? value : value[..80];
}
