namespace StudentCard.FirmwareSim.Chip;

/// <summary>
/// The registers ReadRegister/WriteRegister reach: the CIU (contactless interface unit, 0x6301-0x633E)
/// with plausible reset values, and the 8051 SFRs for the GPIO ports. Unknown addresses read as 0x00.
/// </summary>
internal sealed class RegisterMap
{
    public const ushort P3 = 0xFFB0;
    public const ushort P7CfgA = 0xFFF4;
    public const ushort P7CfgB = 0xFFF5;
    public const ushort P7 = 0xFFF7;
    public const ushort P3CfgA = 0xFFFC;
    public const ushort P3CfgB = 0xFFFD;

    // The board pulls P30, P31 and P34 low, so LEDs and buzzer are off until the host drives them.
    public const byte P3ResetValue = 0xEC;

    private readonly Dictionary<ushort, byte> _values = new()
    {
        [0x6301] = 0x3F, // CIU_Mode
        [0x6302] = 0x80, // CIU_TxMode: CRC on
        [0x6303] = 0x80, // CIU_RxMode: CRC on
        [0x6304] = 0x83, // CIU_TxControl: antenna drivers on
        [0x6305] = 0x40, // CIU_TxAuto
        [0x6306] = 0x10, // CIU_TxSel
        [0x6307] = 0x84, // CIU_RxSel
        [0x6308] = 0x84, // CIU_RxThreshold
        [0x6309] = 0x4D, // CIU_Demod
        [0x630A] = 0x00, // CIU_FelNFC1
        [0x630B] = 0x00, // CIU_FelNFC2
        [0x630C] = 0x62, // CIU_MifNFC
        [0x630D] = 0x00, // CIU_ManualRCV
        [0x630E] = 0x00, // CIU_TypeB
        [0x6311] = 0xFF, // CIU_CRCResultMSB
        [0x6312] = 0xFF, // CIU_CRCResultLSB
        [0x6313] = 0x88, // CIU_GsNOff
        [0x6314] = 0x26, // CIU_ModWidth
        [0x6315] = 0x87, // CIU_TxBitPhase
        [0x6316] = 0x48, // CIU_RFCfg
        [0x6317] = 0x88, // CIU_GsNOn
        [0x6318] = 0x20, // CIU_CWGsP
        [0x6319] = 0x20, // CIU_ModGsP
        [0x631A] = 0x00, // CIU_TMode
        [0x631B] = 0x00, // CIU_TPrescaler
        [0x631C] = 0x00, // CIU_TReloadVal_hi
        [0x631D] = 0x00, // CIU_TReloadVal_lo
        [0x631E] = 0x00, // CIU_TCounterVal_hi
        [0x631F] = 0x00, // CIU_TCounterVal_lo
        [0x6321] = 0x00, // CIU_TestSel1
        [0x6322] = 0x00, // CIU_TestSel2
        [0x6323] = 0x80, // CIU_TestPinEn
        [0x6324] = 0x00, // CIU_TestPinValue
        [0x6325] = 0x00, // CIU_TestBus
        [0x6326] = 0x40, // CIU_AutoTest
        [0x6327] = 0x80, // CIU_Version
        [0x6328] = 0x00, // CIU_AnalogTest
        [0x6329] = 0x00, // CIU_TestDAC1
        [0x632A] = 0x00, // CIU_TestDAC2
        [0x632B] = 0x00, // CIU_TestADC
        [0x632F] = 0x00, // CIU_RFlevelDet
        [0x6330] = 0x00, // CIU_SIC_CLK_en
        [0x6331] = 0x20, // CIU_Command: receiver off, idle
        [0x6332] = 0x80, // CIU_CommIEn
        [0x6333] = 0x00, // CIU_DivIEn
        [0x6334] = 0x14, // CIU_CommIrq
        [0x6335] = 0x00, // CIU_DivIrq
        [0x6336] = 0x00, // CIU_Error
        [0x6337] = 0x21, // CIU_Status1
        [0x6338] = 0x00, // CIU_Status2
        [0x6339] = 0x00, // CIU_FIFOData
        [0x633A] = 0x00, // CIU_FIFOLevel
        [0x633B] = 0x08, // CIU_WaterLevel
        [0x633C] = 0x10, // CIU_Control
        [0x633D] = 0x00, // CIU_BitFraming
        [0x633E] = 0x80, // CIU_Coll
        [P3] = P3ResetValue,
        [P7CfgA] = 0xFF,
        [P7CfgB] = 0xFF,
        [P7] = 0xFF,
        [P3CfgA] = 0xFF,
        [P3CfgB] = 0xFF,
    };

    public byte Read(ushort address) => _values.GetValueOrDefault(address);

    /// <summary>Writes a known register; writes to unmapped addresses are lost, as on the chip.</summary>
    public void Write(ushort address, byte value)
    {
        if (_values.ContainsKey(address))
        {
            _values[address] = value;
        }
    }
}
