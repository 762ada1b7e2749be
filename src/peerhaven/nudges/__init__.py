"""Where people meet the communication coach: hints under the message box as they write,
the analyze API, and the counts of hints shown and taken. The coach itself
(peerhaven.coach) is pure Python; this app is its Django side."""
