using System.Security.Cryptography;
using System.Text;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Polls;

/// <summary>
/// The row key of a member's ballot in a poll: HMAC-SHA256 under <c>Privacy__BallotKey</c> of the poll id and the member
/// id, so the member's next ballot, export and erase find the row, while the row alone does not say whose it is. The key
/// is a secret of its own: whoever holds the hash key (which every email lookup needs) still cannot link ballots to
/// members. Polls created before the ballot key keep the hash-key scheme they started with (<see cref="BallotKeyScheme"/>).
/// </summary>
public sealed class BallotKeys
{
    private readonly byte[] _key;
    private readonly Pseudonymizer _pseudonymizer;

    public BallotKeys(IOptions<PrivacyOptions> options, Pseudonymizer pseudonymizer)
    {
        if (!KeyMaterial.TryDecode(options.Value.BallotKey, out _key))
        {
            throw new InvalidOperationException("Privacy__BallotKey is not a base64 key.");
        }

        _pseudonymizer = pseudonymizer;
    }

    public string For(Poll poll, string memberId)
    {
        ArgumentNullException.ThrowIfNull(poll);
        if (poll.BallotKeys == BallotKeyScheme.HashKey)
        {
            // Exactly as ballots were keyed before the ballot key existed.
            return _pseudonymizer.Hash("ballot", $"{poll.PollId}:{memberId}", 16);
        }

        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"ballot\n{poll.PollId}\n{memberId}"));
        return Convert.ToHexStringLower(mac.AsSpan(0, 16));
    }
}
