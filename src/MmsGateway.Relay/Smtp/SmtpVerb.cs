namespace MmsGateway.Relay.Smtp;

public enum SmtpVerb { Unknown, Ehlo, Helo, Mail, Rcpt, Data, Rset, Noop, Quit, Help, Vrfy, Expn, StartTls, Auth, Bdat }
