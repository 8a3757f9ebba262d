using CoP.Shared.Email;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>
/// The local outbox's copies of mail to the member (development only: in Azure there is no outbox). Not exported (the
/// member has the mails); erased with the member, so that a developer's folder keeps no erased person's address.
/// </summary>
public sealed class OutboxMemberData(IOptions<EmailOptions> email) : IMemberDataHolder
{
    public string Section => "outbox";

    public Task<object?> ExportAsync(MemberEntity member, CancellationToken cancellationToken = default) => Task.FromResult<object?>(null);

    public Task EraseAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (email.Value.Transport != EmailTransport.Outbox)
        {
            return Task.CompletedTask;
        }

        foreach (var message in LocalOutbox.ReadAll(email.Value.OutboxPath))
        {
            var theirs = string.Equals(message.To.Address, member.Email, StringComparison.OrdinalIgnoreCase)
                || (message.CustomArgs.TryGetValue("memberId", out var memberId) && memberId == member.MemberId);
            if (theirs)
            {
                LocalOutbox.Delete(message);
            }
        }

        return Task.CompletedTask;
    }
}
