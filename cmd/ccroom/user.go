package main

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/daemon"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

func newUser() *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage staff accounts, their roles and API tokens"}
	cmd.AddCommand(newUserAdd(), newUserList(), newUserToken(), newUserGrant(), newUserFeedToken(),
		newUserDisable(), newUserEnable())
	return cmd
}

// withOffice opens the office for one command and closes its store after fn.
func withOffice(cmd *cobra.Command, fn func(*office.Office) error) error {
	return withConfiguredOffice(cmd, func(off *office.Office, _ *config.Config) error { return fn(off) })
}

// withConfiguredOffice is withOffice for a command that also reads the config.
func withConfiguredOffice(cmd *cobra.Command, fn func(*office.Office, *config.Config) error) error {
	cfg, err := loadConfig(cmd)
	if err != nil {
		return err
	}
	off, st, err := daemon.Open(cmd.Context(), cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(off, cfg)
}

func newUserAdd() *cobra.Command {
	var nu office.NewUser
	var roles []string
	var pwStdin bool
	cmd := &cobra.Command{
		Use:   "add --email E --name N --role R [--role R2] [--password-stdin]",
		Short: "Add a staff user holding one or more roles (secretary, head, kabid, vidcon, admin)",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, r := range roles {
				role, err := booking.ParseRole(r)
				if err != nil {
					return usageError{err}
				}
				nu.Grants = append(nu.Grants, booking.Grant{Role: role})
			}
			if pwStdin {
				line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
				if err != nil && line == "" {
					return fmt.Errorf("read password from stdin: %w", err)
				}
				nu.Password = strings.TrimRight(line, "\r\n")
			}
			return withOffice(cmd, func(off *office.Office) error {
				u, err := off.AddUser(cmd.Context(), nu)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "added user %d %s (%s)\n", u.ID, u.Email, rolesOf(u, off.Location()))
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&nu.Email, "email", "", "email address (required)")
	f.StringVar(&nu.Name, "name", "", "full name as it appears on letters (required)")
	f.StringArrayVar(&roles, "role", nil, "role; repeat for several (required)")
	f.StringVar(&nu.Language, "language", "", "id (default) or en, for the emails")
	f.BoolVar(&pwStdin, "password-stdin", false, "read a web login password from the first line of stdin")
	for _, n := range []string{"email", "name", "role"} {
		_ = cmd.MarkFlagRequired(n)
	}
	return cmd
}

func newUserList() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List staff users and their roles",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withOffice(cmd, func(off *office.Office) error {
				users, err := off.Store().Users(cmd.Context())
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLES\tSTATE")
				for _, u := range users {
					state := "active"
					if u.Disabled {
						state = "disabled"
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, rolesOf(u, off.Location()), state)
				}
				return tw.Flush()
			})
		},
	}
}

func newUserToken() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token EMAIL",
		Short: "Create a new API bearer token for a user; the token is the last line",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			return withOffice(cmd, func(off *office.Office) error {
				token, err := off.IssueToken(cmd.Context(), a[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "new API token for %s (shown once, keep it secret):\n%s\n", a[0], token)
				return nil
			})
		},
	}
	cmd.AddCommand(newUserTokenRevoke())
	return cmd
}

func newUserTokenRevoke() *cobra.Command {
	return &cobra.Command{
		Use:   "revoke EMAIL",
		Short: "Revoke every API token of a user at once",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			return withOffice(cmd, func(off *office.Office) error {
				n, err := off.RevokeTokens(cmd.Context(), a[0])
				if err != nil {
					return noSuchUser(a[0], err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "revoked %d API token(s) of %s\n", n, a[0])
				return nil
			})
		},
	}
}

func newUserDisable() *cobra.Command {
	return &cobra.Command{
		Use:   "disable EMAIL",
		Short: "Disable a user: their web sessions and API tokens end at once, and they cannot sign in",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			return withOffice(cmd, func(off *office.Office) error {
				u, rv, err := off.SetDisabled(cmd.Context(), a[0], true)
				if err != nil {
					return noSuchUser(a[0], err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "disabled %s: ended %d web session(s), revoked %d API token(s)\n",
					u.Email, rv.Sessions, rv.Tokens)
				return nil
			})
		},
	}
}

func newUserEnable() *cobra.Command {
	return &cobra.Command{
		Use:   "enable EMAIL",
		Short: "Enable a disabled user again (they sign in anew; revoked tokens stay revoked)",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			return withOffice(cmd, func(off *office.Office) error {
				u, _, err := off.SetDisabled(cmd.Context(), a[0], false)
				if err != nil {
					return noSuchUser(a[0], err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "enabled %s\n", u.Email)
				return nil
			})
		},
	}
}

// noSuchUser words an unknown email plainly; other errors pass as they are.
func noSuchUser(email string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no user has the email %q (see ccroom user list)", email)
	}
	return err
}

func newUserGrant() *cobra.Command {
	var role, from, until string
	cmd := &cobra.Command{
		Use:   "grant EMAIL --role R [--from YYYY-MM-DD] [--until YYYY-MM-DD]",
		Short: "Give a user a role, for good or for dates (an acting official, Plt./Plh.)",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			g, err := parseGrant(role, from, until)
			if err != nil {
				return usageError{err}
			}
			return withOffice(cmd, func(off *office.Office) error {
				u, err := off.Grant(cmd.Context(), a[0], g)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s now holds: %s\n", u.Email, rolesOf(u, off.Location()))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&role, "role", "", "role to give (required)")
	cmd.Flags().StringVar(&from, "from", "", "first day the role is held (inclusive)")
	cmd.Flags().StringVar(&until, "until", "", "last day the role is held (inclusive)")
	_ = cmd.MarkFlagRequired("role")
	return cmd
}

func parseGrant(role, from, until string) (booking.Grant, error) {
	r, err := booking.ParseRole(role)
	if err != nil {
		return booking.Grant{}, err
	}
	g := booking.Grant{Role: r}
	for _, d := range []struct {
		name, v string
		dst     *time.Time
	}{{"--from", from, &g.From}, {"--until", until, &g.Until}} {
		if d.v == "" {
			continue
		}
		if *d.dst, err = time.Parse(time.DateOnly, d.v); err != nil {
			return g, fmt.Errorf("%s: %q is not a date (want YYYY-MM-DD)", d.name, d.v)
		}
	}
	if !g.From.IsZero() && !g.Until.IsZero() && g.Until.Before(g.From) {
		return g, fmt.Errorf("--until %s is before --from %s", until, from)
	}
	return g, nil
}

// rolesOf describes a user's grants, with the dates of acting ones.
func rolesOf(u booking.User, loc *time.Location) string {
	parts := make([]string, 0, len(u.Grants))
	for _, g := range u.Grants {
		s := string(g.Role)
		if !g.From.IsZero() || !g.Until.IsZero() {
			s += fmt.Sprintf(" (%s..%s)", dateOrDots(g.From, loc), dateOrDots(g.Until, loc))
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

func dateOrDots(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.DateOnly)
}
