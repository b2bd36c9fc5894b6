namespace StudentCard.FirmwareSim.Cards;

/// <summary>The memory and command set of one simulated card type.</summary>
internal interface ISimulatedTag
{
    /// <summary>Answers one card command sent through InDataExchange or InCommunicateThru.</summary>
    TagReply Exchange(ReadOnlySpan<byte> command);

    /// <summary>InListPassiveTarget activates the card: it forgets session state and says how it introduces itself this time.</summary>
    TagActivation Activate();

    /// <summary>Forgets session state (e.g. MIFARE authentication) when the card is activated again.</summary>
    void ResetSession();
}
