using StudentCard.FirmwareSim.Cards;
using StudentCard.FirmwareSim.Chip;
using StudentCard.FirmwareSim.Protocol;

namespace StudentCard.FirmwareSim;

/// <summary>Initiator commands of UM0701-02 §7.3 for 106 kbps type A cards.</summary>
public sealed partial class Pn532Chip
{
    private const byte TypeA106 = 0x00;
    private const byte LastBaudRateType = 0x04;
    private const byte TargetNumberMask = 0x3F;
    private const byte InfiniteRetries = 0xFF;

    private readonly List<ActiveTarget> _targets = [];

    // Card memories (and a DESFire's keys) outlive a tap, so data written to a card is there the next time it comes.
    private readonly Dictionary<string, ISimulatedTag> _tags = [];
    private PendingListing? _pendingListing;

    private sealed record PendingListing(int MaxTargets, byte[]? Uid);

    private ChipReply InListPassiveTarget(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2 || input[0] is < 1 or > 2 || input[1] > LastBaudRateType)
        {
            return ChipReply.SyntaxError;
        }

        if (input[1] != TypeA106)
        {
            // FeliCa, type B and Jewel: this field only ever holds type A cards.
            return ChipReply.Response(Pn532Command.InListPassiveTarget, 0x00);
        }

        var uid = input.Length > 2 ? input[2..].ToArray() : null;
        var listing = new PendingListing(input[0], uid);
        var cards = Candidates(listing);
        if (cards.Count > 0)
        {
            return ChipReply.Response(Pn532Command.InListPassiveTarget, Activate(cards));
        }

        if (_maxRetriesPassiveActivation == InfiniteRetries)
        {
            // The chip keeps polling until a card comes or the host aborts with an ACK.
            _pendingListing = listing;
            return ChipReply.Pending;
        }

        _targets.Clear();
        return ChipReply.Response(Pn532Command.InListPassiveTarget, 0x00);
    }

    private void CompletePendingListing()
    {
        if (_pendingListing is null || _asleep)
        {
            return;
        }

        var cards = Candidates(_pendingListing);
        if (cards.Count == 0)
        {
            return;
        }

        _pendingListing = null;
        Answer(ChipReply.Response(Pn532Command.InListPassiveTarget, Activate(cards)));
    }

    private List<SimulatedCard> Candidates(PendingListing listing)
    {
        var cards = _field.Cards.Where(c => listing.Uid is null || c.HasUid(listing.Uid)).Take(listing.MaxTargets);
        return cards.ToList();
    }

    private byte[] Activate(List<SimulatedCard> cards)
    {
        _targets.Clear();
        var output = new List<byte> { (byte)cards.Count };
        foreach (var card in cards)
        {
            var target = new ActiveTarget((byte)(_targets.Count + 1), card, TagFor(card));
            var shown = target.Tag.Activate();
            _targets.Add(target);
            output.AddRange([target.Number, (byte)(shown.Atqa >> 8), (byte)shown.Atqa, shown.Sak, (byte)shown.Uid.Length]);
            output.AddRange(shown.Uid);

            // An ISO 14443-4 card answers RATS: the PN532 reports its ATS, length byte (TL) first.
            output.AddRange(shown.Ats);
        }

        return output.ToArray();
    }

    private ISimulatedTag TagFor(SimulatedCard card)
    {
        var key = $"{Convert.ToHexString(card.Uid)}/{card.Sak:X2}";
        if (!_tags.TryGetValue(key, out var tag))
        {
            tag = SimulatedTags.For(card);
            _tags[key] = tag;
        }

        return tag;
    }

    private ChipReply InDataExchange(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return ChipReply.SyntaxError;
        }

        var number = input[0] & TargetNumberMask;
        var target = _targets.Find(t => t.Number == number);
        var status = target is null || !target.Selected ? new TagReply(Pn532Status.WrongContext, []) : Exchange(target, input[1..]);
        return StatusReply(Pn532Command.InDataExchange, status);
    }

    private ChipReply InCommunicateThru(ReadOnlySpan<byte> input)
    {
        // Raw frames go to whichever card is activated; with none, nobody answers.
        var target = _targets.Find(t => t.Selected);
        var reply = target is null ? TagReply.Failed(Pn532Status.Timeout) : Exchange(target, input);
        return StatusReply(Pn532Command.InCommunicateThru, reply);
    }

    private TagReply Exchange(ActiveTarget target, ReadOnlySpan<byte> command)
    {
        if (!IsInField(target) || _field.TryVanishOnExchange(target.Card.Uid))
        {
            target.Lost = true;
            return TagReply.Failed(Pn532Status.Timeout);
        }

        return target.Tag.Exchange(command);
    }

    private ChipReply StatusReply(byte command, TagReply reply)
    {
        _lastError = reply.Status;
        var output = new byte[reply.Data.Length + 1];
        output[0] = reply.Status;
        reply.Data.CopyTo(output, 1);
        return ChipReply.Response(command, output);
    }

    private ChipReply InDeselect(ReadOnlySpan<byte> input) =>
        ForTargets(Pn532Command.InDeselect, input, t => t.Selected = false);

    private ChipReply InRelease(ReadOnlySpan<byte> input) =>
        ForTargets(Pn532Command.InRelease, input, t => _targets.Remove(t));

    private ChipReply InSelect(ReadOnlySpan<byte> input)
    {
        if (input.Length != 1)
        {
            return ChipReply.SyntaxError;
        }

        var number = input[0];
        var target = _targets.Find(t => t.Number == number);
        if (target is null)
        {
            return ChipReply.Response(Pn532Command.InSelect, Pn532Status.WrongContext);
        }

        if (!IsInField(target))
        {
            target.Lost = true;
            return ChipReply.Response(Pn532Command.InSelect, Pn532Status.Timeout);
        }

        target.Selected = true;
        target.Tag.ResetSession();
        return ChipReply.Response(Pn532Command.InSelect, Pn532Status.Ok);
    }

    // Target number 0 means every target.
    private ChipReply ForTargets(byte command, ReadOnlySpan<byte> input, Action<ActiveTarget> action)
    {
        if (input.Length != 1)
        {
            return ChipReply.SyntaxError;
        }

        var number = input[0];
        var chosen = number == 0 ? _targets.ToList() : _targets.FindAll(t => t.Number == number);
        if (number != 0 && chosen.Count == 0)
        {
            return ChipReply.Response(command, Pn532Status.WrongContext);
        }

        chosen.ForEach(action);
        return ChipReply.Response(command, Pn532Status.Ok);
    }

    private bool IsInField(ActiveTarget target) =>
        !target.Lost && _field.Cards.Any(c => c.HasUid(target.Card.Uid));

    private void MarkLost(SimulatedCard card)
    {
        foreach (var target in _targets.Where(t => t.Card.HasUid(card.Uid)))
        {
            target.Lost = true;
        }
    }
}
