// Command ccroom is the booking daemon of the Pelalawan Command Center and its
// administration commands. See the README for the two commands that matter:
// run the daemon, run the tests.
package main

import "os"

func main() { os.Exit(execute(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
