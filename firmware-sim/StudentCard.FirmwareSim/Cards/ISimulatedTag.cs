namespace StudentCard.FirmwareSim.Cards;

/// <summary>The memory and command set of one simulated card type.</summary>
internal interface ISimulatedTag
{
    /// <summary>Answers one card command sent through InDataExchange or InCommunicateThru.</summary>
    TagReply Exchange(ReadOnlySpan<byte> command);

    /// <summary>Forgets session state (e.g. MIFARE authentication) when the card is activated again.</summary>
    void ResetSession();
}
