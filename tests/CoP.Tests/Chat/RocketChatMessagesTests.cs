using System.Text.Json;
using CoP.Shared.Chat;
using CoP.Shared.DomainEvents;

namespace CoP.Tests.Chat;

/// <summary>What an event's title and summary become in its Rocket.Chat message.</summary>
public sealed class RocketChatMessagesTests
{
    [Fact]
    public void ATitleCutAtItsLengthNeverSplitsASurrogatePair()
    {
        var title = new string('a', RocketChatMessages.MaxTitleLength - 1) + "🌱🌱";

        var json = Attachment(title, "Summary");

        var cut = json.GetProperty("title").GetString()!;
        Assert.Equal(new string('a', RocketChatMessages.MaxTitleLength - 1) + "…", cut);
        Assert.DoesNotContain('\uFFFD', cut);
    }

    [Fact]
    public void FormatCharactersSuchAsABidiOverrideAreDropped()
    {
        var json = Attachment("Soil\u202Egnp.exe carbon", "Dry\u200Dfarms\u2066 in spring");

        Assert.Equal("Soilgnp.exe carbon", json.GetProperty("title").GetString());
        Assert.Equal("Dryfarms in spring", json.GetProperty("text").GetString());
    }

    [Fact]
    public void TheSummaryShowsMarkdownAsTypedSoThatItMakesNoLink()
    {
        var json = Attachment("Title", "[click](http://evil.test) *bold* _it_ ~gone~ `code`");

        Assert.Equal(@"\[click\]\(http://evil.test\) \*bold\* \_it\_ \~gone\~ \`code\`", json.GetProperty("text").GetString());
    }

    private static JsonElement Attachment(string title, string summary)
    {
        var domainEvent = new DomainEvent(
            "evt_1", DomainEventTypes.DocumentPublished, DateTimeOffset.UnixEpoch, title, "https://cop.example.org/api/documents/doc-1", [], summary, default);
        using var document = JsonDocument.Parse(RocketChatMessages.ForEvent(domainEvent, "#community", new ChatOptions()));
        return document.RootElement.GetProperty("attachments")[0].Clone();
    }
}
