using System.Text;
using CoP.Shared.Email;
using CoP.Shared.Events.Calendar;
using CoP.Tests.Email;
using CoP.TestSupport;
using static CoP.Tests.Events.Calendar.CalendarTestFlows;

namespace CoP.Tests.Events.Calendar;

/// <summary>
/// Invitations travel as mail attachments: SendGrid receives them base64-encoded with the content type calendar apps
/// act on, the local outbox keeps them as files, and the message rules bound them. Mail without attachments is sent
/// exactly as before.
/// </summary>
public sealed class InvitationAttachmentTests(StorageFixture storage)
{
    private const string Attendee = "Ada.Lovelace+cop@example.org";

    [Fact]
    public async Task SendGridReceivesTheInvitationWithItsMethodAndItParsesBack()
    {
        await using var app = TestApp.Create(storage);
        await using var server = await FakeSendGridServer.StartAsync(Ct);
        await using var email = EmailTestServices.ForSendGrid(server);
        var e = NewEvent(At("2027-03-28T08:30:00Z"));
        var invitation = app.Get<EventCalendars>().InvitationAttachment(e, Attendee, InvitationMethod.Request);

        await email.Sender.SendAsync(EmailTestServices.Message() with { Attachments = [invitation] }, Ct);

        var json = Assert.NotNull(Assert.Single(server.Requests).Json);
        var attachment = Assert.Single(json.GetProperty("attachments").EnumerateArray());
        Assert.Equal("text/calendar; method=REQUEST; charset=UTF-8", attachment.GetProperty("type").GetString());
        Assert.Equal("invite.ics", attachment.GetProperty("filename").GetString());
        Assert.Equal("attachment", attachment.GetProperty("disposition").GetString());
        var ics = Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!));
        var calendar = Parse(ics);
        Assert.Equal("REQUEST", calendar.Method);
        var item = Assert.Single(calendar.Events);
        Assert.Equal(e.StartsAt.UtcDateTime, item.DtStart!.AsUtc);
        Assert.Contains(OnlineUrl.AbsoluteUri, item.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACancellationTravelsAsMethodCancel()
    {
        await using var app = TestApp.Create(storage);
        await using var server = await FakeSendGridServer.StartAsync(Ct);
        await using var email = EmailTestServices.ForSendGrid(server);
        var e = NewEvent(At("2027-10-31T09:00:00Z"), change: e => e with { Status = Shared.Events.EventStatus.Cancelled, Sequence = 1 });

        await email.Sender.SendAsync(
            EmailTestServices.Message() with { Attachments = [app.Get<EventCalendars>().InvitationAttachment(e, Attendee, InvitationMethod.Cancel)] }, Ct);

        var attachment = Assert.Single(Assert.NotNull(Assert.Single(server.Requests).Json).GetProperty("attachments").EnumerateArray());
        Assert.Equal("text/calendar; method=CANCEL; charset=UTF-8", attachment.GetProperty("type").GetString());
        var calendar = Parse(Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!)));
        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal(1, Assert.Single(calendar.Events).Sequence);
    }

    [Fact]
    public async Task AMessageWithoutAttachmentsSendsNoAttachmentsField()
    {
        await using var server = await FakeSendGridServer.StartAsync(Ct);
        await using var email = EmailTestServices.ForSendGrid(server);

        await email.Sender.SendAsync(EmailTestServices.Message(), Ct);

        Assert.False(Assert.NotNull(Assert.Single(server.Requests).Json).TryGetProperty("attachments", out _));
    }

    [Fact]
    public async Task TheLocalOutboxKeepsTheAttachmentAsAFileAndDeletesItWithTheMessage()
    {
        await using var email = EmailTestServices.Create();
        var attachment = EmailAttachment.Text("invite.ics", "text/calendar; method=REQUEST; charset=UTF-8", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");

        await email.Sender.SendAsync(EmailTestServices.Message() with { Attachments = [attachment] }, Ct);

        var stored = Assert.Single(LocalOutbox.ReadAll(email.OutboxPath));
        var kept = Assert.Single(stored.Attachments);
        Assert.Equal(("invite.ics", "text/calendar; method=REQUEST; charset=UTF-8", "attachment"), (kept.FileName, kept.ContentType, kept.Disposition));
        Assert.Equal(attachment.Content.ToArray(), await File.ReadAllBytesAsync(kept.Path, Ct));
        LocalOutbox.Delete(stored);
        Assert.False(File.Exists(kept.Path));
        Assert.Empty(Directory.EnumerateFiles(email.OutboxPath));
    }

    public static TheoryData<string> RefusedAttachments() => ["too-large", "too-many", "empty", "path", "quote", "line-break-in-type"];

    [Theory]
    [MemberData(nameof(RefusedAttachments))]
    public async Task TheRulesRefuseAttachmentsThatAreTooBigOrBadlyNamed(string which)
    {
        await using var server = await FakeSendGridServer.StartAsync(Ct);
        await using var email = EmailTestServices.ForSendGrid(server);
        var fine = EmailAttachment.Text("invite.ics", "text/calendar; charset=UTF-8", "BEGIN:VCALENDAR");
        IReadOnlyList<EmailAttachment> attachments = which switch
        {
            "too-large" => [fine with { Content = new byte[EmailMessageRules.MaxAttachmentBytes + 1] }],
            "too-many" => [.. Enumerable.Repeat(fine, EmailMessageRules.MaxAttachments + 1)],
            "empty" => [fine with { Content = ReadOnlyMemory<byte>.Empty }],
            "path" => [fine with { FileName = "../../invite.ics" }],
            "quote" => [fine with { FileName = "in\"vite.ics" }],
            _ => [fine with { ContentType = "text/calendar\r\nBcc: someone@example.org" }],
        };

        await Assert.ThrowsAsync<ArgumentException>(() => email.Sender.SendAsync(EmailTestServices.Message() with { Attachments = attachments }, Ct));
        Assert.Empty(server.Requests);
    }
}
