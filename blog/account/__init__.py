"""The author's account: the profile readers see (name, "About me", photo), the e-mail
address they never see, and the password."""
