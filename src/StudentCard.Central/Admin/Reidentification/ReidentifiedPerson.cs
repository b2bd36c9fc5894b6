namespace StudentCard.Central.Admin.Reidentification;

/// <summary>Who a pseudonym belongs to, as the vault knows them: shown once to the person who gave a reason, never stored elsewhere.</summary>
public sealed record ReidentifiedPerson(string StudentNumber, string GivenName, string FamilyName, string School, string ClassName);
